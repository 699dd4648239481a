# The two commands that matter: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench fuzz translations screenshots screenshots-x11 system-packages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python scripts/run_local.py $(RUN_ARGS)

# Two workers (pytest-xdist), each with its own PostgreSQL and server; a module stays on one
# worker so its staged set-up is made once. `make test PYTEST_ARGS=tests/x.py` runs serially.
PYTEST_ARGS ?= -n 2 --dist loadfile
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/ruff check .

# Not part of `make test`: thousands of hostile cases against a live server (≈ 10–20 min).
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz $(FUZZ_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

translations: $(STAMP)
	$(BIN)/python -m ticketdesk.client.i18n_tools update

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ticketdesk.client.screenshots docs/screenshots

# The same screens through Qt's xcb platform on a private X server (Xvfb), as a desktop
# draws them: what offscreen cannot show (platform libraries, window decorations, titles).
SCREENSHOTS_DIR ?= docs/screenshots
screenshots-x11: $(STAMP)
	@command -v xvfb-run >/dev/null || { echo "xvfb-run not found: make system-packages (or apt-get install xvfb)"; exit 1; }
	xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" env -u WAYLAND_DISPLAY \
		QT_QPA_PLATFORM=xcb $(BIN)/python -m ticketdesk.client.screenshots $(SCREENSHOTS_DIR)

# The system libraries the desktop client (and the X11 tests) need; see README.
system-packages:
	@if command -v apt-get >/dev/null; then \
		sudo apt-get install -y python3-venv libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
			libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 \
			libxkbcommon-x11-0 libegl1 libgl1 fonts-noto-cjk xvfb x11-utils; \
	elif command -v dnf >/dev/null; then \
		sudo dnf install -y python3 xcb-util-cursor xcb-util-wm xcb-util-keysyms \
			xcb-util-image xcb-util-renderutil libxkbcommon-x11 libglvnd-egl libglvnd-glx \
			google-noto-sans-cjk-fonts xorg-x11-server-Xvfb xorg-x11-utils; \
	else echo "install the packages listed in README.md for your distribution"; exit 1; fi

clean:
	rm -rf $(VENV) build *.egg-info
