"""What the applications services announce, for the apps built on this one.

Applications is the base layer: it must not import followups (or anything above it), yet a
stage change schedules and cancels follow-ups, and a hidden company stops them. So its services
send these signals *explicitly*, after the write, and followups/receivers.py reacts. No model
save sends them: a bulk insert (the CSV import) and a raw fixture load schedule nothing, on
purpose (imported history is the past, not a to-do list)."""

from django.dispatch import Signal

# Sent by applications.services with `change`: the StageChange just recorded, its application
# attached and already in the new stage. Inside the service's transaction, so a receiver that
# fails rolls the move back.
stage_changed = Signal()

# Sent by applications.services.set_company_hidden with `company`, once it is hidden; inside
# its transaction.
company_hidden = Signal()

# An interview was added or rescheduled (`interview`, saved, its interviewers set), or is about to
# be deleted (`interview`, still in the database); sent explicitly by applications.interviews,
# inside its transaction. Followups plans the thank-you note after it.
interview_saved = Signal()
interview_deleted = Signal()

# A CSV import wrote these `applications` (bulk-created, so no model signal fired); sent by the
# importer inside its transaction. Rejections records a rejection for each rejected one.
applications_imported = Signal()
