"""Notifications: recorded in the posting transaction, mailed later by a worker."""
