"""What the rejections app announces, for the apps built on it (followups plans the gracious
reply the moment a rejection is logged, and pushes it past an angry check-in)."""

from django.dispatch import Signal

# Sent by rejections.services.save_rejection with `rejection`, once it is saved and its
# application rejected; inside its transaction, so a receiver that fails rolls it all back.
rejection_logged = Signal()

# Sent by rejections.services.check_in with `check_in`, once it is saved.
checked_in = Signal()
