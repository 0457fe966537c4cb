"""The network's history across commits: Git reading at the edge, changes and measures inside."""
