from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "rashinban.orgs"
    label = "orgs"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from rashinban.orgs import lifecycle  # noqa: F401  (connects the sign-in signal that notes a session's origin)
        from rashinban.orgs.versions import on_change

        # Any company row that changes raises the company's data version (orgs/versions.py).
        post_save.connect(on_change, dispatch_uid="rashinban-org-version-save")
        post_delete.connect(on_change, dispatch_uid="rashinban-org-version-delete")
