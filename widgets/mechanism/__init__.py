"""Why the nerve misfires (lesson 7, section 3): a two-fibre teaching model of cross-talk at the root and of an over-excitable facial nucleus."""
