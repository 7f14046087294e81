"""``python -m matching.bench [--kols 100000] [--briefs 50]`` (the code is in
:mod:`matching.eval.bench`)."""

from matching.eval.bench import main

if __name__ == "__main__":
    main()
