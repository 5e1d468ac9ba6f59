"""Frameworks customers name (SECURITY ACTION, METI's supply-chain scheme, ISO/IEC 27001, NIST CSF, CIS):
a library of YAML files, the mapping of our own items onto their requirements, and a company's readiness."""
