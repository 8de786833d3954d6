import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { photoKinds, type PhotoKind, type PhotoRef } from '@tiaojie/domain';
import { useLocalStore } from '../../app/store-context.tsx';
import { SelectField } from '../../components/fields.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { Dialog } from '../../components/dialog.tsx';
import { compressImage } from '../../photos/compress-image.ts';
import { photoBlob } from '../../photos/photo-blob.ts';
import { optionsOf } from '../code-options.ts';
import { formatDateTime } from '../../components/date-time.ts';
import { saveErrorText } from '../save-error.ts';

/** Photos of the signed agreement or the scene, taken with the phone's camera and shrunk before storing. */
export function PhotoSection({ caseId, photos, editable = true, removable = editable }: { caseId: string; photos: PhotoRef[]; editable?: boolean; removable?: boolean }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const inputId = useId();
  const [kind, setKind] = useState<string>('scene');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [opened, setOpened] = useState<PhotoRef | null>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const blob = await compressImage(file);
      // The same picture is the same photo (its hash is its key): choosing it again must not retype the first.
      const sha256 = await sha256Of(blob);
      const same = photos.find((p) => p.sha256 === sha256);
      if (same) {
        setFailure(t('photos.alreadyAdded', { kind: photoKinds.label(same.kind, locale) }));
        return;
      }
      await store.addPhoto(caseId, { blob, kind: kind as PhotoKind, takenAt: new Date(file.lastModified || Date.now()).toISOString() });
      showToast(t('case.savedLocally'));
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      {photos.length > 0 ? (
        <div className="photos">
          {photos.map((p) => (
            <PhotoThumb key={p.sha256} photo={p} onOpen={() => setOpened(p)} />
          ))}
        </div>
      ) : (
        <p className="empty">{t('photos.none')}</p>
      )}
      {opened ? (
        <PhotoViewer
          photo={opened}
          onClose={() => setOpened(null)}
          onRemove={
            removable
              ? async () => {
                  if (!window.confirm(t('photos.removeConfirm'))) return;
                  await store.removeItem(caseId, 'photos', opened.sha256);
                  setOpened(null);
                  showToast(t('case.savedLocally'));
                }
              : undefined
          }
        />
      ) : null}
      {editable ? (
        <>
      <SelectField label={t('photos.kind')} value={kind} options={optionsOf(photoKinds, locale)} onChange={setKind} />
      <label htmlFor={inputId} className="btn btn--block" aria-disabled={busy}>
        {busy ? t('photos.processing') : t('photos.take')}
      </label>
      <input id={inputId} className="visually-hidden" type="file" accept="image/*" capture="environment" onChange={(e) => void onFile(e)} disabled={busy} data-testid="photo-input" />
        </>
      ) : null}
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
    </div>
  );
}

async function sha256Of(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** An object URL for the photo's bytes, from the phone or the server; revoked when the component goes. */
function usePhotoUrl(sha256: string): string | null | undefined {
  const store = useLocalStore();
  const [url, setUrl] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    void photoBlob((sha) => store.getPhotoBlob(sha), sha256).then((blob) => {
      if (!alive) return;
      objectUrl = blob ? URL.createObjectURL(blob) : null;
      setUrl(objectUrl);
    });
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [store, sha256]);
  return url;
}

function PhotoThumb({ photo, onOpen }: { photo: PhotoRef; onOpen: () => void }) {
  const { t, locale } = useT();
  const url = usePhotoUrl(photo.sha256);
  const label = photoKinds.label(photo.kind, locale);
  return (
    <button type="button" className="photos__thumb" onClick={onOpen} aria-label={t('photos.open', { kind: label })}>
      {url ? (
        <img src={url} alt={label} />
      ) : (
        <span className="photos__missing" role="img" aria-label={url === null ? t('photos.unavailable') : label} style={{ display: 'block', aspectRatio: '1', background: '#ddd', borderRadius: 6 }} />
      )}
      <span className="photos__kind">{label}</span>
    </button>
  );
}

function PhotoViewer({ photo, onClose, onRemove }: { photo: PhotoRef; onClose: () => void; onRemove: (() => Promise<void>) | undefined }) {
  const { t, locale } = useT();
  const url = usePhotoUrl(photo.sha256);
  const label = photoKinds.label(photo.kind, locale);
  return (
    <Dialog title={label} onClose={onClose}>
      {url ? <img className="photo-large" src={url} alt={label} /> : <p className="empty">{url === null ? t('photos.unavailable') : t('common.loading')}</p>}
      {photo.takenAt ? <p className="caserow__meta">{t('photos.takenAt', { at: formatDateTime(photo.takenAt) })}</p> : null}
      {onRemove ? (
        <button type="button" className="btn btn--danger btn--block" onClick={() => void onRemove()}>
          {t('photos.remove')}
        </button>
      ) : null}
    </Dialog>
  );
}
