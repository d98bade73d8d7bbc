"""One app session over Streamlit's own websocket protocol, without a browser.

Why not browser contexts: on this 2-core machine, 30 Chromium contexts would each run the React
frontend and Plotly on the same two cores as the server, so the figures would measure the
browsers rather than the server (in a classroom the 30 browsers run on 30 laptops). This client
speaks what the frontend speaks on ``/_stcore/stream``: it sends ``BackMsg.rerun_script`` with a
``ClientState`` (query string, page, widget states, browser context) and reads the
``ForwardMsg`` stream (``new_session``, ``navigation``, deltas with the elements,
``page_info_changed`` for the URL, ``script_finished``). The server therefore does exactly the
work a browser causes: one session per connection, the widget's ``on_change`` callback, the full
script run, every element serialised and sent. What it does not cover is drawing in a browser,
which the browser tests in ``tests/e2e`` cover.

Like the frontend, a session keeps the last value of every number input it was sent and sends
them all with each rerun, the changed one with its new value. Selectors and text inputs it never
touches are left out; the server keeps their values (as it does for any widget missing from a
rerun request).

From each run a session records, in arrival order, what its `Watch` names: metrics by label,
number inputs by widget key, query parameters of the URL; and as problems an exception or an
error box on the page, "page not found" and a run that does not end in time.

A session uploads a file as the frontend's file uploader does (``uploadFileUploaderFile`` in
Streamlit's ``static/js``, ``_upload_put`` in ``web/server/starlette/starlette_routes.py``): it
asks for an upload URL with ``BackMsg.file_urls_request``, reads the ``file_urls_response``, PUTs
the file there as ``multipart/form-data`` (with the ``_streamlit_xsrf`` cookie echoed in the
``X-Xsrftoken`` header, the double-submit check Streamlit makes when XSRF protection is on),
then sets the uploader's ``FileUploaderState`` to that file and reruns: the app reads the file in
that run, as it does for a browser.

A session also picks an option of a select box or a radio (``choose``: the frontend sends the
option's label as shown, a ``string_value``, and keeps sending it), clicks a button (``click``: a
``trigger_value`` sent once), and leaves a number input that starts blank (``value=None``) blank
until it types into it, as the frontend does (a state with no value). A fragment with
``run_every`` makes the server send ``auto_rerun`` (its id and interval); the frontend then asks
for that fragment's rerun on a timer (``setInterval``, whether or not the last one has finished)
until told ``stop_auto_rerun``: ``watch_fragments`` does the same and hands over each fragment
run as it ends, while the session is otherwise idle (a projector left on a screen).
"""

from __future__ import annotations

import asyncio
import itertools
import time
import urllib.request
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

from google.protobuf.message import DecodeError  # type: ignore[import-untyped]
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileURLs
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio import client as websocket
from websockets.exceptions import WebSocketException
from websockets.typing import Subprotocol

STEP_TIMEOUT_S = 60.0  # one run, however busy the server; beyond it the run is a problem
CONNECT_TIMEOUT_S = 30.0
UPLOAD_TIMEOUT_S = 120.0  # one PUT of up to the 50 MB the app accepts
XSRF_COOKIE = "_streamlit_xsrf"
ERROR_BOX = "error message on the page"  # how a run's problem list names an st.error box
# HTTP to the server under test, never through a proxy, whatever the environment says.
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))
ABSENT = "(absent)"  # the value recorded for a watched query parameter missing from the URL
# What `Session.connect` can raise when the connection fails or drops.
CONNECTION_ERRORS = (OSError, WebSocketException, TimeoutError, DecodeError)

# An observation: ("metric", name), ("input", name) or ("url", query parameter).
Observed = tuple[str, str]


@dataclass(frozen=True)
class Watch:
    """What a session records from each run, and under which names."""

    metrics: Mapping[str, str]  # metric label as shown -> name
    inputs: Mapping[str, str]  # number input's widget key -> name
    url_params: tuple[str, ...]  # recorded as ABSENT when missing from the URL
    uploaders: Mapping[str, str] = field(default_factory=dict)  # file uploader's key -> name
    texts: bool = False  # also record the text of markdown, text and alert elements (Run.texts)

    def input_name(self, widget_id: str) -> str | None:
        """The name of an input, from its widget id (``$$ID-<hash>-<key>``)."""
        return _name_by_key(self.inputs, widget_id)

    def uploader_name(self, widget_id: str) -> str | None:
        """The name of a file uploader, from its widget id."""
        return _name_by_key(self.uploaders, widget_id)


def _name_by_key(names: Mapping[str, str], widget_id: str) -> str | None:
    for key, name in names.items():
        if widget_id.endswith(f"-{key}"):
            return name
    return None


@dataclass(frozen=True)
class Widget:
    """A select box, radio or button a run drew: what `Session.choose` and `click` need."""

    kind: str  # the element's kind: "selectbox", "radio" or "button"
    options: tuple[str, ...]  # a selector's options as shown (labels), in order
    script_hash: str  # the page script that drew it


@dataclass
class Run:
    """What one script run sent: observations in arrival order, problems on the page."""

    started: float
    observed: list[tuple[Observed, str, float]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    finished: bool = False
    seconds: float = 0.0  # from the request to the end of the run
    texts: list[str] = field(default_factory=list)  # with Watch.texts, in arrival order
    widgets: dict[str, Widget] = field(default_factory=dict)  # selectors and buttons, by id
    fragment: bool = False  # a fragment's rerun, not the page's


def input_text(value: float) -> str:
    """A number input's value in a form that compares equal however it was sent (1037 = 1037.0)."""
    return f"{float(value):.9g}"


class Session:
    """One user's tab: a websocket, the URL's query string, the inputs' last values."""

    def __init__(
        self,
        connection: websocket.ClientConnection,
        base_url: str,
        query: str,
        locale: str,
        watch: Watch,
    ) -> None:
        self.connection = connection
        self.base_url = base_url
        self.query = query
        self.locale = locale
        self.watch = watch
        self.page_hashes: dict[str, str] = {}  # URL path -> page script hash, from `navigation`
        self.main_script_hash = ""
        self.session_id = ""  # from `new_session`: upload URLs are per session
        # As the frontend keeps them: widget id -> (last state, hash of the script that drew it).
        self.inputs: dict[str, tuple[WidgetState, str]] = {}
        # File uploaders of the last run: name -> (widget id, hash of the script that drew it).
        self.uploaders: dict[str, tuple[str, str]] = {}
        self.file_urls: dict[str, FileURLs] = {}  # upload URLs received, by request id
        self.request_ids = itertools.count(1)
        self.xsrf_token: str | None = None
        # Selectors and buttons of the last run, as `Run.widgets` (fragment runs add theirs).
        self.widgets: dict[str, Widget] = {}
        self.auto_reruns: dict[str, float] = {}  # fragment id -> seconds between its reruns
        self.page = ""  # the URL path of the page last opened

    @classmethod
    @asynccontextmanager
    async def connect(
        cls, base_url: str, query: str, locale: str, watch: Watch
    ) -> AsyncIterator[Session]:
        """A session on the app at `base_url` (``http://host:port``) opened with `query`."""
        stream = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        async with websocket.connect(
            stream,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            proxy=None,  # loopback only, whatever the environment says
            open_timeout=CONNECT_TIMEOUT_S,
            ping_interval=None,
        ) as connection:
            yield cls(connection, base_url, query, locale, watch)

    def _rerun(
        self, page: str, *, keep_page_inputs: bool, fragment_id: str = "", trigger: str = ""
    ) -> BackMsg:
        """The request the frontend sends; on a page switch it drops the old page's inputs.

        `fragment_id`: a fragment's timed rerun (``is_auto_rerun``); `trigger`: the widget id of
        a button clicked (its trigger is sent with this request only)."""
        self.page = page
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        query = f"?{self.query}" if self.query else ""
        state.context_info.url = f"{self.base_url}/{page}{query}"
        if page in self.page_hashes:
            state.page_script_hash = self.page_hashes[page]
        else:
            state.page_name = page
        state.widget_states.widgets.extend(
            widget
            for widget, script_hash in self.inputs.values()
            if keep_page_inputs or script_hash == self.main_script_hash
        )
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        if trigger:
            state.widget_states.widgets.append(WidgetState(id=trigger, trigger_value=True))
        return msg

    async def open(self, page: str) -> Run:
        """Open the link to `page` (a URL path, "" for the default page)."""
        return await self._run(self._rerun(page, keep_page_inputs=True))

    async def go_to(self, page: str) -> Run:
        """Click the page in the menu: the frontend starts the new page with no query string."""
        self.query = ""
        return await self._run(self._rerun(page, keep_page_inputs=False))

    async def type_number(self, page: str, name: str, value: float) -> Run:
        """Type `value` into the input watched as `name` and press Enter."""
        widget_id = next((wid for wid in self.inputs if self.watch.input_name(wid) == name), None)
        if widget_id is None:
            run = Run(started=time.perf_counter())
            run.problems.append(f"no input for {name} on the page")
            return run
        # The frontend sends every number, integer inputs too, as a double.
        typed = WidgetState(id=widget_id, double_value=float(value))
        self.inputs[widget_id] = (typed, self.inputs[widget_id][1])
        return await self._run(self._rerun(page, keep_page_inputs=True))

    def widget_id(self, key: str) -> str | None:
        """The id of the selector or button with widget key `key` in the last run, or None."""
        return next((wid for wid in self.widgets if wid.endswith(f"-{key}")), None)

    async def choose(self, page: str, key: str, option: int) -> Run:
        """Pick the `option`-th choice (0 first) of the select box or radio with key `key`."""
        widget_id = self.widget_id(key)
        widget = self.widgets.get(widget_id or "")
        if (
            widget_id is None
            or widget is None
            or widget.kind not in ("selectbox", "radio")
            or not 0 <= option < len(widget.options)
        ):
            run = Run(started=time.perf_counter())
            run.problems.append(f"no choice {option} in a selector {key} on the page")
            return run
        # The frontend sends the option's label as shown; the server maps it back.
        chosen = WidgetState(id=widget_id, string_value=widget.options[option])
        self.inputs[widget_id] = (chosen, widget.script_hash)
        return await self._run(self._rerun(page, keep_page_inputs=True))

    async def click(self, page: str, key: str) -> Run:
        """Click the button with widget key `key`."""
        widget_id = self.widget_id(key)
        if widget_id is None or self.widgets[widget_id].kind != "button":
            run = Run(started=time.perf_counter())
            run.problems.append(f"no button {key} on the page")
            return run
        return await self._run(self._rerun(page, keep_page_inputs=True, trigger=widget_id))

    async def watch_fragments(
        self, on_run: Callable[[Run], None], stop: asyncio.Event
    ) -> list[Run]:
        """Stay on the page: rerun each ``run_every`` fragment on its timer, as the frontend does,
        until `stop` is set; call `on_run` with each run as it ends (and return them all).

        Each run's `started` is when the last timed request before it was sent, so its
        observations' times are counted from there; a run the server cut short for a newer
        request continues in the same `Run`."""
        runs: list[Run] = []
        last_request = time.perf_counter()

        async def timer(fragment_id: str, interval_s: float) -> None:
            nonlocal last_request
            while self.auto_reruns.get(fragment_id) == interval_s:
                await asyncio.sleep(interval_s)
                if self.auto_reruns.get(fragment_id) != interval_s:
                    return
                msg = self._rerun(self.page, keep_page_inputs=True, fragment_id=fragment_id)
                last_request = time.perf_counter()
                await self.connection.send(msg.SerializeToString())

        async def read() -> None:
            run = Run(started=last_request, fragment=True)
            while True:
                data = await self.connection.recv()
                if not run.observed and not run.texts and not run.problems:
                    run.started = last_request  # the request this run answers
                seen: dict[str, tuple[WidgetState, str]] = {}
                self._read(data, run, seen)
                self.inputs.update(seen)  # a fragment redraws its own inputs, not the page's
                for fragment_id, interval_s in self.auto_reruns.items():
                    if fragment_id not in timers:
                        timers[fragment_id] = asyncio.create_task(timer(fragment_id, interval_s))
                if run.finished:
                    self.widgets.update(run.widgets)
                    runs.append(run)
                    on_run(run)
                    run = Run(started=last_request, fragment=True)

        timers: dict[str, asyncio.Task[None]] = {}
        reader = asyncio.create_task(read())
        stopped = asyncio.create_task(stop.wait())
        for fragment_id, interval_s in self.auto_reruns.items():
            timers[fragment_id] = asyncio.create_task(timer(fragment_id, interval_s))
        try:
            await asyncio.wait({reader, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if reader.done():
                reader.result()  # the connection failed: raise it
        finally:
            for task in (reader, stopped, *timers.values()):
                task.cancel()
            await asyncio.gather(reader, stopped, *timers.values(), return_exceptions=True)
        return runs

    async def upload_file(self, page: str, name: str, file_name: str, data: bytes) -> Run:
        """Put `data` as `file_name` into the uploader watched as `name`, as a user picking a
        file does; the run that reads it is timed from the upload's start."""
        run = Run(started=time.perf_counter())
        if name not in self.uploaders:
            run.problems.append(f"no file uploader for {name} on the page")
            return run
        widget_id, script_hash = self.uploaders[name]
        request_id = f"upload-{next(self.request_ids)}"
        request = BackMsg()
        request.file_urls_request.request_id = request_id
        request.file_urls_request.file_names.append(file_name)
        request.file_urls_request.session_id = self.session_id
        await self.connection.send(request.SerializeToString())
        try:
            async with asyncio.timeout(STEP_TIMEOUT_S):
                while request_id not in self.file_urls:
                    self._read(await self.connection.recv(), Run(started=run.started), {})
        except TimeoutError:
            run.problems.append(f"no upload URL within {STEP_TIMEOUT_S:.0f} s")
            return run
        urls = self.file_urls.pop(request_id)
        try:
            if self.xsrf_token is None:
                self.xsrf_token = await asyncio.to_thread(xsrf_token, self.base_url)
            await asyncio.to_thread(
                put_file, self.base_url + urls.upload_url, file_name, data, self.xsrf_token
            )
        except OSError as error:  # urllib's HTTPError and URLError included
            run.problems.append(f"upload of {file_name} failed: {error}")
            return run
        state = WidgetState(id=widget_id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = file_name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        self.inputs[widget_id] = (state, script_hash)
        return await self._run(self._rerun(page, keep_page_inputs=True), run)

    async def _run(self, msg: BackMsg, run: Run | None = None) -> Run:
        run = Run(started=time.perf_counter()) if run is None else run
        await self.connection.send(msg.SerializeToString())
        seen_inputs: dict[str, tuple[WidgetState, str]] = {}
        try:
            async with asyncio.timeout(STEP_TIMEOUT_S):
                while not run.finished:
                    data = await self.connection.recv()
                    self._read(data, run, seen_inputs)
        except TimeoutError:
            run.problems.append(f"no end of run within {STEP_TIMEOUT_S:.0f} s")
        if run.finished:
            # The frontend forgets the inputs a finished run did not draw.
            self.inputs = seen_inputs
            self.widgets = run.widgets
        return run

    def _read(
        self, data: bytes | str, run: Run, seen_inputs: dict[str, tuple[WidgetState, str]]
    ) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(data if isinstance(data, bytes) else data.encode())
        now = time.perf_counter() - run.started
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            self._read_element(element, msg.metadata.active_script_hash, run, seen_inputs, now)
        elif kind == "new_session":
            self.main_script_hash = msg.new_session.main_script_hash
            self.session_id = msg.new_session.initialize.session_id
        elif kind == "file_urls_response":
            response = msg.file_urls_response
            if response.file_urls:
                self.file_urls[response.response_id] = response.file_urls[0]
        elif kind == "navigation":
            for page in msg.navigation.app_pages:
                self.page_hashes[page.url_pathname] = page.page_script_hash
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            run.problems.append("page not found")
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                run.problems.append("script compile error")
            if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                run.fragment = True
            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                run.finished = True
                run.seconds = now
                for param, value in self.url_values().items():
                    run.observed.append((("url", param), value, now))

    def _read_element(
        self,
        element: Element,
        script_hash: str,
        run: Run,
        seen_inputs: dict[str, tuple[WidgetState, str]],
        now: float,
    ) -> None:
        kind = element.WhichOneof("type")
        if kind == "metric" and element.metric.label in self.watch.metrics:
            observed = ("metric", self.watch.metrics[element.metric.label])
            run.observed.append((observed, element.metric.body, now))
        elif kind == "number_input":
            number = element.number_input
            # As the frontend: a value the server sets wins, else the input keeps what it
            # shows (what the user typed), else it starts at its default; an input with no
            # default (``value=None``) stays blank, sent as a state with no value.
            state = WidgetState(id=number.id)
            if number.set_value:
                if number.HasField("value"):
                    state.double_value = number.value
            elif number.id in self.inputs:
                state.CopyFrom(self.inputs[number.id][0])
            elif number.HasField("default"):
                state.double_value = number.default
            seen_inputs[number.id] = (state, script_hash)
            name = self.watch.input_name(number.id)
            if name is not None:
                shown = input_text(state.double_value) if state.HasField("double_value") else ""
                run.observed.append((("input", name), shown, now))
        elif kind in ("selectbox", "radio"):
            selector = element.selectbox if kind == "selectbox" else element.radio
            run.widgets[selector.id] = Widget(kind, tuple(selector.options), script_hash)
            # One the session chose keeps its choice, unless the server sets another.
            if selector.id in self.inputs:
                state = self.inputs[selector.id][0]
                if selector.set_value and selector.HasField("raw_value"):
                    state = WidgetState(id=selector.id, string_value=selector.raw_value)
                seen_inputs[selector.id] = (state, script_hash)
        elif kind == "button":
            run.widgets[element.button.id] = Widget(kind, (), script_hash)
        elif kind == "file_uploader":
            widget_id = element.file_uploader.id
            name = self.watch.uploader_name(widget_id)
            if name is not None:
                self.uploaders[name] = (widget_id, script_hash)
            if widget_id in self.inputs:  # the file it holds stays, as in the frontend
                seen_inputs[widget_id] = (self.inputs[widget_id][0], script_hash)
        elif kind == "exception":
            run.problems.append(f"exception on the page: {element.exception.message}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            run.problems.append(f"{ERROR_BOX}: {element.alert.body}")
        if self.watch.texts:
            if kind == "markdown":
                run.texts.append(element.markdown.body)
            elif kind == "text":
                run.texts.append(element.text.body)
            elif kind == "alert":
                run.texts.append(element.alert.body)

    def url_values(self) -> dict[str, str]:
        params = dict(parse_qsl(self.query, keep_blank_values=True))
        return {param: params.get(param, ABSENT) for param in self.watch.url_params}


def xsrf_token(base_url: str) -> str:
    """The XSRF cookie the server sets (on the health check the frontend polls), or "" if the
    server has XSRF protection off."""
    with _LOOPBACK.open(f"{base_url}/_stcore/health", timeout=CONNECT_TIMEOUT_S) as reply:
        cookies = SimpleCookie()
        for header in reply.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    morsel = cookies.get(XSRF_COOKIE)
    return morsel.value if morsel is not None else ""


def put_file(url: str, file_name: str, data: bytes, token: str) -> None:
    """PUT one file as the frontend does: a multipart form with one part named after the file."""
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{file_name}"; filename="{file_name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token:
        headers |= {"X-Xsrftoken": token, "Cookie": f"{XSRF_COOKIE}={token}"}
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
    with _LOOPBACK.open(request, timeout=UPLOAD_TIMEOUT_S) as reply:
        if reply.status >= 300:
            raise OSError(f"upload of {file_name} answered {reply.status}")
