"""A seeker's tag names turned into their Tag rows, for the application form's save
(services.set_tags) and the CSV import alike."""

from collections.abc import Iterable

from .models import Tag


def tags_named(owner_id: int, names: Iterable[str]) -> dict[str, Tag]:
    """name.lower() → the seeker's tag of that name, whatever its case, made when new. Two saves
    at once cannot make the same tag twice: the constraint ignores the second insert, and both
    read the row that won."""
    names = list(names)
    if not names:
        return {}
    found = {tag.name.lower(): tag for tag in Tag.objects.owned_by(owner_id).named(names)}
    missing = {name.lower(): name for name in names if name.lower() not in found}
    if missing:
        Tag.objects.bulk_create(
            [Tag(owner_id=owner_id, name=name) for name in missing.values()], ignore_conflicts=True
        )
        made = Tag.objects.owned_by(owner_id).named(missing.values())
        found |= {tag.name.lower(): tag for tag in made}
    return found
