"""What the rejections app announces, for the apps built on it (followups plans the gracious
reply the moment a rejection is logged, and pushes it past an angry check-in)."""

from django.dispatch import Signal

# Sent by Rejection.record with `rejection`, once it is saved and its application rejected;
# inside its transaction, so a receiver that fails rolls the logging back.
rejection_logged = Signal()

# Sent by CheckIn.record with `check_in`, once it is saved.
checked_in = Signal()
