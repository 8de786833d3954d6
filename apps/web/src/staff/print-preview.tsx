import { useRef } from 'react';
import type { StaffKey } from './strings.ts';

/**
 * The print view inside the app, with a print button and a way back — not a bare `blob:` tab. The page itself
 * carries no script (the app's CSP allows none inline); the button prints the frame from here.
 */
export function PrintPreview({ html, s, onClose }: { html: string; s: Record<StaffKey, string>; onClose: () => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  return (
    <div className="staff-print" role="dialog" aria-modal="true" aria-label={s.print}>
      <div className="staff-print__bar">
        <strong>{s.print}</strong>
        <span className="staff-print__hint">{s.printHint}</span>
        <button type="button" className="btn btn--primary" onClick={() => frame.current?.contentWindow?.print()}>
          {s.printNow}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {s.close}
        </button>
      </div>
      <iframe ref={frame} className="staff-print__page" title={s.print} srcDoc={html} data-testid="print-frame" />
    </div>
  );
}
