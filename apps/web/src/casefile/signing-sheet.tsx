import '../i18n/later.ts';
import { useEffect, useRef, useState } from 'react';
import type { DisputeCase, Signature } from '@tiaojie/domain';
import type SignaturePad from 'signature_pad';
import { useLocalStore } from '../app/store-context.tsx';
import { CheckboxField, SelectField, type Option } from '../components/fields.tsx';
import { showToast } from '../components/toast.tsx';
import { useT } from '../i18n/index.ts';
import { saveErrorText } from '../cases/save-error.ts';
import './signing.css';

/** Where the signer stands, only if they ticked the box and the browser allows it; never waits more than 8 s. */
function currentLocation(): Promise<Signature['location'] | undefined> {
  if (!('geolocation' in navigator)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => resolve(undefined),
      { timeout: 8000, maximumAge: 60_000 },
    );
  });
}

/**
 * The signing sheet: a party or the mediator signs a document on the screen. signature_pad is imported here, and
 * this module is itself loaded only when the sheet opens, so neither is part of the start bundle.
 */
export default function SigningSheet({ c, mediatorName, onDone }: { c: DisputeCase; mediatorName: string; onDone: () => void }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const sessions = Object.values(c.sessions).sort((a, b) => (a.date < b.date ? -1 : 1));
  const documents: Option[] = [
    ...(c.agreement ? [{ value: 'agreement', label: t('signing.agreement') }] : []),
    ...sessions.map((s, i) => ({ value: `session:${s.id}`, label: t('signing.session', { n: i + 1, date: s.date }) })),
  ];
  const signers: Option[] = [
    ...Object.values(c.parties).map((p) => ({ value: `party:${p.id}`, label: p.personal.name })),
    { value: 'mediator', label: t('signing.mediator', { name: mediatorName }) },
  ];
  const [documentKey, setDocument] = useState(documents[0]?.value ?? '');
  const [signer, setSigner] = useState(signers[0]?.value ?? 'mediator');
  const [withPlace, setWithPlace] = useState(false);
  const [empty, setEmpty] = useState(true);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let pad: SignaturePad | null = null;
    let alive = true;
    void import('signature_pad').then(({ default: Pad }) => {
      const canvas = canvasRef.current;
      if (!alive || !canvas) return;
      // Drawn at the screen's pixel density, so the stored PNG is sharp when printed.
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad = new Pad(canvas, { penColor: '#000', minWidth: 1, maxWidth: 3 });
      pad.addEventListener('endStroke', () => setEmpty(pad?.isEmpty() ?? true));
      padRef.current = pad;
    });
    return () => {
      alive = false;
      pad?.off();
      padRef.current = null;
    };
  }, []);

  async function save() {
    const pad = padRef.current;
    if (!pad || pad.isEmpty() || !documentKey) return;
    setBusy(true);
    setFailure(null);
    try {
      const canvas = canvasRef.current!;
      const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas is empty'))), 'image/png'));
      const location = withPlace ? await currentLocation() : undefined;
      const party = signer.startsWith('party:') ? c.parties[signer.slice(6)] : undefined;
      await store.addSignature(c.id, {
        blob,
        document: documentKey as Signature['document'],
        signer: party ? 'party' : 'mediator',
        ...(party ? { partyId: party.id } : {}),
        // A party's name stays in their personal part, never copied into the case (see signatureSchema).
        ...(party ? {} : { signerName: mediatorName }),
        ...(location ? { location } : {}),
      });
      showToast(t('signing.saved'));
      onDone();
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    } finally {
      setBusy(false);
    }
  }

  if (documents.length === 0) return <p className="empty">{t('signing.nothingToSign')}</p>;
  return (
    <div className="signing">
      <SelectField label={t('signing.document')} value={documentKey} options={documents} onChange={setDocument} />
      <SelectField label={t('signing.signer')} value={signer} options={signers} onChange={setSigner} />
      <p className="caserow__meta" style={{ whiteSpace: 'normal' }}>{t('signing.hint')}</p>
      <canvas ref={canvasRef} className="signing__pad" aria-label={t('signing.pad')} data-testid="signature-pad" />
      <CheckboxField label={t('signing.withPlace')} checked={withPlace} onChange={setWithPlace} />
      <div className="signing__actions">
        <button
          type="button"
          className="btn"
          onClick={() => {
            padRef.current?.clear();
            setEmpty(true);
          }}
        >
          {t('signing.clear')}
        </button>
        <button type="button" className="btn btn--primary" disabled={empty || busy} onClick={() => void save()}>
          {busy ? t('common.saving') : t('signing.save')}
        </button>
      </div>
      {failure ? (
        <p className="notice notice--danger" role="alert">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
