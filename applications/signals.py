"""What applications announces for the apps above it to act on (it cannot import them)."""

from django.dispatch import Signal

# A seeker hid a company they are done with (`company`); sent inside set_hidden's transaction.
company_hidden = Signal()

# An interview was added or rescheduled (`interview`, saved, its interviewers set), or is about to
# be deleted (`interview`, still in the database); sent explicitly by applications.interviews,
# inside its transaction. Followups plans the thank-you note after it.
interview_saved = Signal()
interview_deleted = Signal()
