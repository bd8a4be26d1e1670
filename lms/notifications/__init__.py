"""In-app notifications, preferences and the email outbox."""
