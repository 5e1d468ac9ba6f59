"""Evidence collected from the source (ソースから直接集める): Microsoft 365 through Microsoft Graph, Google Workspace
through the Admin SDK Directory API.

Each collector reads every page of users (and Intune devices) through `http.ApiClient` and turns them into the
same `Account` and `Device` rows an export file gives, so `rashinban check accounts` and `check devices` decide the
findings with their own code. Pure: no Django model; `connections.py` keeps the stored connections.
"""
