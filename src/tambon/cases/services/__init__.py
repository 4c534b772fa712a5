"""Every write of the cases app (see the modules): open, change, assign, note, transition,
care plans."""
