"""mentornet: your developmental network, kept in Git, as a browsable MkDocs site."""
