"""What applications announces for the apps above it to act on (it cannot import them)."""

from django.dispatch import Signal

# A seeker hid a company they are done with (`company`); sent inside set_hidden's transaction.
company_hidden = Signal()
