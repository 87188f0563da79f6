"""Coach access pages in the app: inviting, accepting, revoking (see coaching/urls.py)."""
