"""The matcher is a library without Flask or a database, and so are its tests.

`tests/conftest.py` gives every test outside this folder the app and a rolled-back
database; tests here get neither, and nothing here may import Flask or the marketplace
(`test_evaluate.py::test_matching_tests_never_import_flask` checks it).
"""
