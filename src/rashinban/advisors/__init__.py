"""Advisors serving many companies (portfolio, comparison, audit log) and anonymised benchmarks."""
