// The stylesheet of the HTML coaching report, inlined into every page so that a page opens
// correctly from a mail attachment or an offline training system: no fonts, images or scripts
// are fetched.  The font stack only names fonts that are already on the reader's machine.
#ifndef LIANGYAN_DIALOGUE_REPORT_HTML_STYLE_H_
#define LIANGYAN_DIALOGUE_REPORT_HTML_STYLE_H_

namespace liangyan::dialogue {

inline constexpr char kReportCss[] = R"css(
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1f2328;
 font:15px/1.65 -apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
 "Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 40px}
.card{background:#fff;border-radius:12px;box-shadow:0 1px 2px rgba(16,24,40,.06),
 0 1px 3px rgba(16,24,40,.08);padding:20px 24px;margin-bottom:20px}
header.card{display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.ring{width:104px;height:104px;border-radius:50%;border:7px solid currentColor;flex:none;
 display:flex;flex-direction:column;align-items:center;justify-content:center}
.ring b{font-size:34px;line-height:1}
.ring small{font-size:12px;color:#57606a;margin-top:4px}
.good{color:#1a7f37}.fair{color:#b26b00}.poor{color:#c62828}
.headline{flex:1;min-width:260px}
.kicker{font-size:12px;letter-spacing:.08em;color:#8c959f;text-transform:uppercase}
h1{font-size:21px;margin:2px 0 6px;word-break:break-all}
.meta{color:#57606a;font-size:13px}
.meta span+span:before{content:"·";margin:0 8px;color:#c0c6cc}
.scores{display:flex;gap:10px;margin-top:12px;flex-wrap:wrap}
.pill{background:#f3f4f6;border-radius:999px;padding:3px 12px;font-size:13px;color:#424a53}
.pill b{font-size:15px;margin-left:4px}
.fatal{margin-top:12px;background:#fde8e8;color:#9b1c1c;border-radius:8px;padding:6px 12px;
 font-weight:600;font-size:14px}
h2{font-size:17px;margin:0 0 4px}
.sub{color:#8c959f;font-size:13px;margin:0 0 14px}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;color:#57606a;font-weight:600;font-size:13px;
 border-bottom:2px solid #e5e7eb;padding:6px 10px;white-space:nowrap}
td{border-bottom:1px solid #eef0f2;padding:9px 10px;vertical-align:top}
tr.fail td{background:#fff8f8}
tr.fail td:first-child{box-shadow:inset 3px 0 0 #e5484d}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.fail td.num{color:#b42318;font-weight:600}
td.item{width:200px}
td.cite{width:230px}
.title{font-weight:600}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px;
 color:#6e7781;white-space:nowrap}
tr.quiet td{padding-top:6px;padding-bottom:6px;color:#57606a}
tr.quiet .title{font-weight:500}
.small{font-size:12px;color:#8c959f}
.msg{margin-top:2px}
.badge{display:inline-block;border-radius:6px;padding:1px 8px;font-size:12px;font-weight:600;
 white-space:nowrap}
.b-pass{background:#e6f4ea;color:#1a7f37}
.b-fail{background:#fde8e8;color:#b42318}
.b-skipped{background:#eef1f4;color:#57606a}
.b-na{background:#f6f7f8;color:#8c959f}
a{color:#0b61c4;text-decoration:none}
a:hover{text-decoration:underline}
a.turnref{display:inline-block;background:#eef4fd;border-radius:6px;padding:0 6px;margin:0 4px 3px 0;
 font-size:12px;white-space:nowrap}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:#57606a;margin:-4px 0 16px}
.chat{display:flex;flex-direction:column;gap:16px}
.turn{display:flex;flex-direction:column;max-width:76%;scroll-margin-top:16px}
.turn.customer{align-self:flex-start}
.turn.agent{align-self:flex-end;align-items:flex-end}
.who{font-size:12px;color:#8c959f;margin:0 8px 3px}
.who b{color:#57606a;font-weight:600}
.bubble{padding:10px 14px;border-radius:16px;white-space:pre-wrap;word-break:break-word}
.customer .bubble{background:#fff;border:1px solid #d8dde3;border-top-left-radius:4px}
.agent .bubble{background:#e3eefc;border:1px solid #c9dcf7;border-top-right-radius:4px}
.turn.evidence .bubble{box-shadow:0 0 0 2px #f2b8b5}
.turn:target .bubble{box-shadow:0 0 0 3px #7c3aed}
mark{background:none;color:inherit;border-radius:3px;padding:0 1px;cursor:help}
mark.s1{background:#dcf3f0;border-bottom:2px solid #0f766e}
mark.s2{background:#fff1c2;border-bottom:2px solid #b26b00}
mark.s3{background:#fde2d4;border-bottom:2px solid #d9480f}
mark.s4{background:#fbd5d5;border-bottom:2px solid #b42318}
.ev{background:#ede9fe;border-bottom:2px dotted #7c3aed;cursor:help}
mark.ev{border-bottom-style:dotted}
.tags{display:flex;gap:6px;flex-wrap:wrap;margin-top:5px}
.tag{font-size:12px;border-radius:999px;padding:0 8px;background:#fde8e8;color:#b42318}
.tag.ok{background:#e6f4ea;color:#1a7f37}
.notes{max-width:100%;background:#fff;border:1px solid #e5e7eb;border-radius:10px;
 padding:8px 12px;margin-top:6px;font-size:13px}
.notes.quiet{border:none;background:none;padding:0 6px;margin-top:3px;font-size:12px}
.notes .score{font-weight:700;margin-right:8px}
.notes ul{margin:4px 0 2px;padding-left:18px}
.notes li{margin:2px 0}
.notes .rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
 font-weight:600;margin-right:6px}
.credit{color:#1a7f37;font-size:12px;margin-right:8px}
.rewrite{background:#eef9f1;border-left:3px solid #1a7f37;border-radius:0 6px 6px 0;
 padding:5px 10px;margin-top:6px;white-space:pre-wrap;word-break:break-word}
.rewrite:before{content:"建议说法";display:block;font-size:11px;color:#1a7f37;font-weight:600}
.clean{color:#1a7f37;font-size:12px}
footer{color:#8c959f;font-size:12px;text-align:center;margin-top:8px}
@media (max-width:640px){.turn{max-width:94%}main{padding:12px 8px}
 th:nth-child(6),td:nth-child(6){display:none}}
@media print{body{background:#fff}.card{box-shadow:none;border:1px solid #e5e7eb}
 .turn{break-inside:avoid}}
)css";

}  // namespace liangyan::dialogue

#endif  // LIANGYAN_DIALOGUE_REPORT_HTML_STYLE_H_
