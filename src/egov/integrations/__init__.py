"""Connectors to systems outside egov (national portal, provincial LGSP...). Domains never import these;
they react to domain events (handlers.py) and call the domains' service functions."""
