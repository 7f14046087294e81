"""Campaign results: reported sales, their commission, settlement and results."""
