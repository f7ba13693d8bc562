import { useMemo, useState } from 'react';
import { Button, Dialog, Input, MessagePlugin, Radio } from 'tdesign-react';
import type { CentreKind, PlaceView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { CENTRE_KIND_LABELS, newRequestId } from '../../lib/shared-with-phone';

const FIELDS = ['name', 'address', 'hours', 'contact'] as const;

/**
 * Editing a place that is already on the map: its address, hours and contact (a centre also its
 * name, kind, or 撤下). The point itself is chosen on the phone's map (地点与归队码 in the
 * mini-program): the desk has no map to pick it on, and keeps it as it is.
 */
export function PlaceDialog({
  orgId,
  place,
  onClose,
  onSaved,
}: {
  orgId: string;
  place: PlaceView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const centre = place.kind === 'service_centre';
  const requestId = useMemo(() => newRequestId(), []);
  const [form, setForm] = useState({
    name: place.name,
    centreKind: place.centreKind ?? ('party_service_centre' as CentreKind),
    address: place.address,
    hours: place.hours,
    contact: place.contact,
  });
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (field: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  const save = async () => {
    setSaving(true);
    const common = {
      orgId,
      point: place.point,
      address: form.address,
      hours: form.hours,
      contact: form.contact,
      version: place.version,
    };
    const result = centre
      ? await api.call('place.saveCentre', {
          ...common,
          centreId: place.placeId,
          requestId,
          centreKind: form.centreKind,
          name: form.name,
          region: place.region,
        })
      : await api.call('place.setLocation', common);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success('已保存');
    onSaved();
  };
  const remove = async () => {
    setSaving(true);
    const result = await api.call('place.removeCentre', { centreId: place.placeId, version: place.version });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(`已撤下${place.name}`);
    onSaved();
  };

  const above = formError(error, FIELDS);
  return (
    <Dialog
      visible
      header={centre ? place.name : `${place.name}的位置`}
      width={640}
      confirmBtn={{ content: '保存', theme: 'primary', loading: saving, size: 'large' }}
      cancelBtn={{ content: '关闭', size: 'large' }}
      onConfirm={() => void save()}
      onClose={onClose}
      onCancel={onClose}
    >
      <div data-testid="place-form">
        {above && <p className="desk-error-text">{above}</p>}
        {centre && (
          <>
            <Field label="类型" required>
              <Radio.Group value={form.centreKind} onChange={(value) => set('centreKind')(String(value))}>
                {(Object.keys(CENTRE_KIND_LABELS) as CentreKind[]).map((kind) => (
                  <Radio key={kind} value={kind}>
                    {CENTRE_KIND_LABELS[kind]}
                  </Radio>
                ))}
              </Radio.Group>
            </Field>
            <Field label="名称" required {...fieldError(error, 'name')}>
              <div data-testid="place-name">
                <Input size="large" value={form.name} maxlength={40} onChange={(value) => set('name')(String(value))} />
              </div>
            </Field>
          </>
        )}
        <Field label="地址" required {...fieldError(error, 'address')}>
          <div data-testid="place-address">
            <Input size="large" value={form.address} maxlength={80} onChange={(value) => set('address')(String(value))} />
          </div>
        </Field>
        <Field label="开放时间" {...fieldError(error, 'hours')}>
          <div data-testid="place-hours">
            <Input
              size="large"
              placeholder="如：周一至周五 9:00—17:30"
              value={form.hours}
              maxlength={60}
              onChange={(value) => set('hours')(String(value))}
            />
          </div>
        </Field>
        <Field label="联系电话" {...fieldError(error, 'contact')}>
          <div data-testid="place-contact">
            <Input size="large" value={form.contact} maxlength={60} onChange={(value) => set('contact')(String(value))} />
          </div>
        </Field>
        <p className="desk-state__hint">地图上的位置在手机小程序“地点与归队码”里选择。</p>
        {centre && (
          <Button size="large" theme="danger" variant="outline" disabled={saving} onClick={() => void remove()}>
            撤下这个地点
          </Button>
        )}
      </div>
    </Dialog>
  );
}
