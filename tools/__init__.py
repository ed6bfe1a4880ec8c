"""Release tooling that is not part of the app: the dependency lock and the offline bundle."""
