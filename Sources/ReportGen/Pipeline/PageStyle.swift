/// The page's only stylesheet, inline: serif text on system fonts, light and dark schemes,
/// booktabs tables, and print rules that keep figures and tables whole.
enum PageStyle {
  static var css: String {
    """
    :root {
      color-scheme: light dark;
      --text: #1b1b1b; --muted: #5a5a5a; --bg: #fdfdfc; --rule: #1b1b1b; --hair: #d6d6d6;
      --link: #1a4f8b; --code-bg: #f3f3f1;
      \(FigureStyle.lightVariables)
    }
    @media screen and (prefers-color-scheme: dark) {
      :root {
        --text: #e4e4e2; --muted: #a9a9a6; --bg: #161616; --rule: #cfcfcc; --hair: #3a3a3a;
        --link: #8fbcf0; --code-bg: #222;
        \(FigureStyle.darkVariables)
      }
    }
    html { background: var(--bg); }
    body {
      margin: 0; color: var(--text); background: var(--bg);
      font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, "Iowan Old Style", "Palatino Linotype", Palatino, "Liberation Serif", "Times New Roman", serif;
      font-size: 1.0625rem; line-height: 1.55;
      font-variant-numeric: oldstyle-nums proportional-nums;
      text-rendering: optimizeLegibility; hyphens: auto; -webkit-hyphens: auto;
    }
    article { max-width: 46rem; margin: 0 auto; padding: 3rem 1.5rem 4rem; }
    p { margin: 0 0 0.9em; text-align: justify; }
    a { color: var(--link); text-decoration-thickness: 0.06em; text-underline-offset: 0.15em; }
    a.xref { text-decoration: none; }
    a.xref:hover { text-decoration: underline; }
    h1, h2, h3 { font-weight: 600; line-height: 1.25; hyphens: manual; text-align: left; }
    h2 { font-size: 1.3rem; margin: 2.4em 0 0.7em; }
    h3 { font-size: 1.08rem; margin: 1.8em 0 0.5em; }
    .secnum { display: inline-block; min-width: 1.7em; font-variant-numeric: lining-nums; }
    h3 .secnum { min-width: 2.4em; }
    ul, ol { padding-left: 1.6em; margin: 0 0 0.9em; }
    li { margin: 0.2em 0; }

    .title-block { text-align: center; margin: 0 0 2.2rem; }
    nav.back { font-size: 0.9rem; margin: 0 0 1.2rem; }
    .title-block h1 { font-size: 1.85rem; margin: 0 0 0.6rem; text-align: center; letter-spacing: -0.005em; }
    .byline { text-align: center; color: var(--muted); font-size: 0.98rem; margin: 0; }
    .study-name { font-style: italic; }

    .abstract { margin: 0 auto 2rem; max-width: 40rem; font-size: 0.96rem; }
    .abstract h2 { font-size: 0.9rem; text-align: center; text-transform: uppercase; letter-spacing: 0.12em; margin: 0 0 0.6em; }

    nav.toc { margin: 0 auto 2.5rem; max-width: 40rem; font-size: 0.95rem; border-top: 1px solid var(--hair); border-bottom: 1px solid var(--hair); padding: 0.8rem 0 0.6rem; }
    nav.toc h2 { font-size: 0.9rem; text-transform: uppercase; letter-spacing: 0.12em; margin: 0 0 0.5em; text-align: center; }
    nav.toc ol { list-style: none; padding-left: 0; margin: 0; columns: 2; column-gap: 2.5rem; }
    nav.toc ol ol { columns: 1; padding-left: 1.7em; }
    nav.toc li { break-inside: avoid; margin: 0.12em 0; }
    nav.toc a { color: inherit; text-decoration: none; }
    nav.toc a:hover { text-decoration: underline; }
    nav.toc .secnum { min-width: 1.7em; }
    nav.toc ol ol .secnum { min-width: 2.2em; }

    figure { margin: 1.8rem 0; }
    figure.figure svg { display: block; width: 100%; height: auto; }
    figcaption { font-size: 0.9rem; line-height: 1.45; color: var(--text); text-align: left; }
    figure.figure figcaption { margin-top: 0.6rem; }
    figure.table figcaption { margin-bottom: 0.5rem; }
    figcaption .label { font-weight: 600; }
    .table-scroll { overflow-x: auto; }

    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; line-height: 1.35; font-variant-numeric: lining-nums tabular-nums; border-top: 1.6px solid var(--rule); border-bottom: 1.6px solid var(--rule); }
    thead th { border-bottom: 0.8px solid var(--rule); font-weight: 600; }
    tbody + tbody { border-top: 0.6px solid var(--hair); }
    th, td { padding: 0.28em 0.45em; text-align: left; vertical-align: top; }
    th[scope="rowgroup"] { font-weight: 400; font-style: italic; }
    th:first-child, td:first-child { white-space: nowrap; }
    .num { text-align: right; white-space: nowrap; }
    thead th.num { white-space: normal; }  /* a long column head wraps; its numbers do not */

    .equation { display: flex; align-items: center; margin: 1rem 0; }
    .equation math { flex: 1; }
    .eqno { color: var(--muted); font-variant-numeric: lining-nums; padding-left: 1rem; }
    math { font-family: "STIX Two Math", "Cambria Math", "Latin Modern Math", "DejaVu Math TeX Gyre", math; }

    code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.84em; }
    pre { background: var(--code-bg); padding: 0.8rem 1rem; overflow-x: auto; line-height: 1.45; border-radius: 3px; }
    pre code { font-size: inherit; }
    /* Hashes and paths in running text break where the line ends, not before it, so a justified
       line keeps its spacing; words hyphenate. */
    p code { word-break: break-all; }
    p { hyphens: auto; }
    ul.downloads { list-style: none; padding-left: 0; }
    ul.downloads .size { color: var(--muted); }
    .references ol li, .references p { text-align: left; }
    footer.colophon { margin-top: 3rem; font-size: 0.85rem; color: var(--muted); text-align: center; }

    @media (max-width: 40rem) { nav.toc ol { columns: 1; } p { text-align: left; } }

    @media print {
      @page { margin: 2cm 2.2cm; }
      body { font-size: 10.5pt; background: #fff; }
      article { max-width: none; padding: 0; }
      nav.back { display: none; }
      a { color: inherit; text-decoration: none; }
      figure, table, pre, .equation, nav.toc { break-inside: avoid; }
      h2, h3, figcaption { break-after: avoid; }
      /* On paper nothing scrolls: a wide table is set smaller and wraps its text columns
         rather than being cut at the page's edge. */
      .table-scroll { overflow: visible; }
      table { font-size: 8.5pt; }
      th, td { padding: 0.22em 0.3em; }
      td:not(.num) { overflow-wrap: anywhere; }
      p { orphans: 3; widows: 3; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; }
    }

    \(FigureStyle.rules)
    """
  }
}
