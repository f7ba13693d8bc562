import { useParams } from 'react-router-dom';
import { AgreementDetail } from './agreement-detail';
import { AgreementList } from './agreement-list';
import './agreements.css';

/**
 * 共管协议: the agreements of the official's organizations with another place's, proposed here,
 * and /desk/agreements/<agreementId> for one: its terms and both confirmations, confirming or
 * changing it, its figures, and its joint meetings with their attendance and minutes.
 */
export default function AgreementsPage() {
  const agreementId = useParams()['*'] || null;
  return agreementId ? <AgreementDetail key={agreementId} agreementId={agreementId} /> : <AgreementList />;
}
