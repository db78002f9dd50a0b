// How the backend was chosen and what it measured: a row per backend (images/s, or why it was
// not measured), and a line per switch away from a backend that stopped working. Fed by the
// worker's `backendReport()` (and each 'backend-switched' event); renders nothing before the first
// report arrives.

import type { BackendReport as Report } from '../../worker/backend-report';
import { backendRows, choiceSummary, switchSentence } from './report-rows';
import './backend.css';

export function BackendReport(props: { report: Report | null }) {
  const { report } = props;
  if (report === null) return null;
  const rows = backendRows(report);
  return (
    <details className="backend-report" data-testid="backend-report" data-active={report.active}>
      <summary className="backend-report-summary">{choiceSummary(report)}</summary>
      {rows.length > 0 && (
        <table className="backend-report-table">
          <thead>
            <tr>
              <th scope="col">Backend</th>
              <th scope="col">Training speed</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.backend}
                data-testid="backend-report-row"
                data-backend={row.backend}
                data-kind={row.kind}
                aria-current={row.active ? 'true' : undefined}
              >
                <th scope="row">{row.label}</th>
                <td className="num">{row.figure}</td>
                <td>{row.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.switches.length > 0 && (
        <ul className="backend-report-switches">
          {report.switches.map((change, i) => (
            <li key={i} data-testid="backend-switch">
              {switchSentence(change)}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
