"""The world the tests share: paths, content and banks, units and accounts, a clock, app clients, servers."""
