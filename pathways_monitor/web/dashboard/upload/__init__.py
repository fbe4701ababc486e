"""The upload page: indicator files and strategy workbooks, checked before they are stored."""
