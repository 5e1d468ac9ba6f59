"""The systems map (システム構成図), data silos, staff skills and vendor dependence: failure patterns 4 and 6."""
