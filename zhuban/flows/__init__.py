"""Effects that cross apps: receivers of the apps' domain events, above the apps they join."""
