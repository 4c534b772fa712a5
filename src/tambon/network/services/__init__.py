"""Writes of the network: partners (with contacts and members), welfare services, types."""
