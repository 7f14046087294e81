"""``python -m matching.evaluate --dataset FILE.json [--k 10]`` (the code is in
:mod:`matching.eval.evaluate`)."""

from matching.eval.evaluate import main

if __name__ == "__main__":
    main()
