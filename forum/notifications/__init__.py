"""Notifications: recorded in the posting transaction, read in the inbox, mailed later by a worker.

- services.py: notify (never for your own action, never twice for one event), mark read;
- selectors.py: the inbox and the header's unread count;
- outbox.py: the Notification table is the outbox; one email per event, claimed with
  FOR UPDATE SKIP LOCKED, settled only once sent;
- digest.py: one daily email per person who chose "digest";
- emails.py: what each email says; unsubscribe.py: the signed link every email carries;
- worker.py: the loop behind `manage.py send_notification_emails`;
- views.py: the inbox, marking read, the unsubscribe page.
"""
