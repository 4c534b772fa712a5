"""core holds only abstract models; having migrations keeps test-only models out of syncdb."""
