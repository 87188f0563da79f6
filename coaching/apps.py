from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoachingConfig(AppConfig):
    """Career coaches: access a seeker grants and can revoke, review in the admin, comments."""

    name = "coaching"
    verbose_name = "Coaching"

    def ready(self):
        from . import hooks
        from .roles import ensure_coaches_group

        hooks.register()

        # Permissions exist only after every app has migrated, so the group is kept in step here.
        post_migrate.connect(ensure_coaches_group, dispatch_uid="coaching_ensure_coaches_group")
