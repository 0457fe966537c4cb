"""The plain, typed core every stage shares: the model, the vocabularies, problems, the layout."""
