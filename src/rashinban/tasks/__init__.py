"""Background work: one task interface for everything that must not block a request.

Public API lives in `rashinban.tasks.api` (`task`, `periodic`, `enqueue`); the worker in `worker.py`.
"""
