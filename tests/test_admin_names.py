"""Every heading the admin shows names its rows in good English: each model (and each inline
that renames its rows) says its plural itself, and the pages show that plural, never Django's
"add an s" guess ("gap the feedback nameds", "companys", "classs")."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.text import capfirst

from accounts.models import User

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"accounts", "applications", "rejections", "followups", "coaching"}
# What Django's "add an s" leaves on a word that has its own plural.
GUESSED_PLURAL = re.compile(r"(?:ss|[^aeiou]ys|xs|chs|shs|eds)$")


def guessed(word):
    return bool(GUESSED_PLURAL.search(word.lower()))


def registered():
    return list(admin.site._registry.items())


def inlines():
    return [
        (model_admin, inline(model, admin.site))
        for model, model_admin in registered()
        for inline in model_admin.inlines
    ]


def test_the_guess_detector_catches_the_artefacts_and_spares_real_plurals():
    for heading in ["gap the feedback nameds", "companys", "classs", "boxs", "matchs"]:
        assert guessed(heading.split()[-1]), heading
    for heading in ["gaps the feedback named", "companies", "follow-ups", "access logs", "days"]:
        assert not guessed(heading.split()[-1]), heading


def test_every_model_in_the_admin_states_its_names():
    shown = {model for model, _ in registered()} | {inline.model for _, inline in inlines()}
    ours = [model for model in shown if model._meta.app_label in PROJECT_APPS]
    assert len(ours) >= 14
    for model in ours:
        options = model._meta.original_attrs
        assert "verbose_name" in options, f"{model.__name__} has no Meta.verbose_name"
        assert "verbose_name_plural" in options, f"{model.__name__} has no verbose_name_plural"


def test_every_renamed_inline_states_its_plural_too():
    for _, inline in inlines():
        if type(inline).verbose_name is not None:
            assert type(inline).verbose_name_plural is not None, type(inline).__name__


@pytest.mark.parametrize("app_label", sorted({m._meta.app_label for m, _ in registered()}))
def test_the_app_index_lists_each_model_by_its_plural(client, app_label):
    client.force_login(User.objects.create_superuser("root@example.com", "pw"))
    page = client.get(reverse("admin:app_list", args=[app_label])).content.decode()
    for model, _ in registered():
        if model._meta.app_label != app_label:
            continue
        plural = str(model._meta.verbose_name_plural)
        assert f">{capfirst(plural)}</a>" in page, plural
        assert not guessed(plural.split()[-1]), plural
        assert plural != f"{model._meta.verbose_name}s" or not model._meta.verbose_name.endswith(
            "s"
        )


def test_every_inline_heading_reads_as_a_plural():
    for _, inline in inlines():
        plural = str(inline.verbose_name_plural)
        assert not guessed(plural.split()[-1]), f"{type(inline).__name__}: {plural}"


def test_the_pages_show_those_plurals(client):
    """As rendered: each changelist's breadcrumb, and the inline headings of an add page."""
    client.force_login(User.objects.create_superuser("root@example.com", "pw"))
    for model, _ in registered():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert capfirst(str(model._meta.verbose_name_plural)) in client.get(url).content.decode()
    page = client.get(reverse("admin:rejections_rejection_add")).content.decode()
    headings = [
        " ".join(re.sub(r"<[^>]+>", " ", heading).split())
        for heading in re.findall(r'<h2[^>]*class="inline-heading">(.*?)</h2>', page, re.S)
    ]
    assert headings == ["Refocus check-ins", "Gaps the feedback named"]
