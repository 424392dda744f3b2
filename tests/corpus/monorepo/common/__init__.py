"""Code shared by every service in the repository."""
