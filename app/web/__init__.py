"""The web surface: one router per resource."""
