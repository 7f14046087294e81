"""What KOLs and brands publish: profiles, platforms, listings, avatars."""
