"""The shared mailbox: DMARC aggregate reports (rua) and staff reports of suspicious mail, read over IMAP.

Pure parts: `dmarc.py` (parse and summarise reports, findings). Database part: `models.py`, `imap.py`.
"""
