from django.contrib import admin

from .models import Application, Company, Contact, StageChange


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "changed_at", "note")
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("role_title", "company", "owner", "stage", "excitement", "is_dream_job")
    list_filter = ("stage", "is_dream_job", "source")
    search_fields = ("role_title", "company__name", "owner__email")
    list_select_related = ("company", "owner")
    raw_id_fields = ("owner", "company")
    date_hierarchy = "stage_changed_at"
    inlines = (StageChangeInline,)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "website")
    search_fields = ("name", "owner__email")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "role", "company", "owner")
    search_fields = ("name", "company__name", "owner__email")
    list_select_related = ("company", "owner")
    raw_id_fields = ("owner", "company")
