from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "rashinban.tasks"
    label = "tasks"
    verbose_name = "Background tasks"

    def ready(self) -> None:
        # Tasks register themselves on import: the worker and the web process must know the same names.
        from rashinban.tasks.api import discover_tasks

        discover_tasks()
