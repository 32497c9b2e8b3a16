"""What the sittings capability tells the other apps, so that they plug in without the
meetings app knowing them."""

from django.dispatch import Signal

# Sent once the transaction that convened a sitting has committed; argument: `sitting`.
sitting_convened = Signal()
