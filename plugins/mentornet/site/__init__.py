"""The MkDocs adapter: the plugin, its options, the generated pages and their templates."""
