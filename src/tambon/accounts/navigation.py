"""Navigation items of the accounts app."""
