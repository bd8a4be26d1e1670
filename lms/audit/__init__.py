"""The audit trail of reviews, decisions and claims."""
