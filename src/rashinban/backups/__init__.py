"""Backup and restore (バックアップと復元): one archive holds the database and the uploaded files."""
