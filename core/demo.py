"""The demo content in French: every app's demo writes its texts in English (from the brochure and
UT Southwestern's IMEP page), then this last step gives each text its French version, so the
French pages read French. Keyed by the English text: a text without an entry stays English (and
the French page marks it `lang="en"`). Idempotent.
"""

from modeltranslation.translator import translator

from core.content import translated_fields

FRENCH = {
    # Agreements
    "The brochure lists a short summer programme in Denmark without naming its host.": "La brochure mentionne un programme d’été court au Danemark sans nommer l’établissement d’accueil.",
    "Summer schools in Denmark (2 to 4 weeks)": "Écoles d’été au Danemark (2 à 4 semaines)",
    "IMEP — International Medical Exchange Program": "IMEP — programme international d’échanges médicaux",
    # Networks
    "Circle U. is a dynamic alliance of nine leading European universities, united by a shared commitment to build a European campus. Together, we foster innovation, collaboration, and knowledge exchange.": "Circle U. est une alliance dynamique de neuf grandes universités européennes, réunies par la volonté commune de construire un campus européen. Ensemble, elles favorisent l’innovation, la collaboration et le partage des connaissances.",
    "Created 20 years ago, ECTS MA brings together 53 European medical faculties from 22 countries. Its main goals are to promote student mobility in medicine under the Erasmus programme and to internationalise medical training; members meet once a year to exchange best practices.": "Créée il y a 20 ans, l’ECTS MA réunit 53 facultés de médecine européennes de 22 pays. Elle a pour objectifs principaux de promouvoir la mobilité des étudiants en médecine dans le cadre du programme Erasmus et d’internationaliser la formation médicale ; ses membres se réunissent une fois par an pour échanger leurs bonnes pratiques.",
    "InterUniSanté brings together French actors involved in the internationalisation of health training at national level, to share expertise and good practices in response to the specific challenges and constraints of the French healthcare field.": "InterUniSanté réunit les acteurs français de l’internationalisation des formations en santé au niveau national, pour partager expertise et bonnes pratiques face aux défis et contraintes propres au système de santé français.",
    "Founding partner. UPCité organises and coordinates the “Rethinking Global Health” summer school (every July since 2022, for PhD students and researchers of all disciplines), free of charge for the Alliance's member universities.": "Partenaire fondateur. UPCité organise et coordonne l’école d’été « Rethinking Global Health » (chaque mois de juillet depuis 2022, pour les doctorants et chercheurs de toutes disciplines), gratuite pour les universités membres de l’Alliance.",
    "Member since April 2024.": "Membre depuis avril 2024.",
    "Member.": "Membre.",
    # Calls
    "IMEP — bilateral exchange with UT Southwestern (Dallas)": "IMEP — échange bilatéral avec UT Southwestern (Dallas)",
    "Erasmus+ academic exchanges in Europe": "Échanges universitaires Erasmus+ en Europe",
    "IMEP — UT Southwestern students at UPCité (incoming)": "IMEP — étudiants d’UT Southwestern à UPCité (entrants)",
    "Clinical placements abroad": "Stages cliniques à l’étranger",
    "Erasmus+ academic exchange at UPCité Medical School (incoming)": "Échange universitaire Erasmus+ à la Faculté de médecine d’UPCité (entrants)",
    "Clinical placements for partner universities (incoming)": "Stages cliniques pour les universités partenaires (entrants)",
    "A yearlong exchange with UT Southwestern Medical Center: at least six months of core clerkships in internal medicine, pediatrics and surgery, the rest in research or other electives. The exchange starts in July. Applications are due by 1 November of the year before the exchange and will not be accepted past the deadline; candidates are notified by 1 January.": "Un échange d’un an avec l’UT Southwestern Medical Center : au moins six mois de stages cliniques fondamentaux en médecine interne, pédiatrie et chirurgie, le reste en recherche ou en stages optionnels. L’échange commence en juillet. Les candidatures doivent être déposées avant le 1er novembre de l’année précédant l’échange et ne seront pas acceptées après cette date ; les candidats sont informés avant le 1er janvier.",
    "One semester or a full academic year at one of our 29 European partner universities, usually between the 3rd and the 4th year. Rank up to three partners; the office allocates the seats.": "Un semestre ou une année universitaire complète dans l’une de nos 29 universités partenaires européennes, généralement entre la 3e et la 4e année. Classez jusqu’à trois partenaires ; le bureau attribue les places.",
    "The yearlong International Medical Exchange Program with UT Southwestern Medical Center, from July to July: six months of core clerkships in internal medicine, paediatrics and surgery in UPCité's teaching hospitals, following UPCité's academic calendar, then two three-month rotations in lesser-developed countries of the student's choice. Students interested in research can take electives at the Institut Fédératif de Recherche Necker-Enfants Malades.": "Le programme international d’échanges médicaux d’un an avec l’UT Southwestern Medical Center, de juillet à juillet : six mois de stages cliniques fondamentaux en médecine interne, pédiatrie et chirurgie dans les hôpitaux universitaires d’UPCité, selon le calendrier universitaire d’UPCité, puis deux stages de trois mois dans des pays en développement choisis par l’étudiant. Les étudiants intéressés par la recherche peuvent suivre des stages optionnels à l’Institut Fédératif de Recherche Necker-Enfants Malades.",
    "Clinical placements of one to three months, during the summer or the school year, for students in years 4 to 6, on every continent.": "Des stages cliniques d’un à trois mois, pendant l’été ou l’année universitaire, pour les étudiants de la 4e à la 6e année, sur tous les continents.",
    "One semester or a full academic year for students of our Erasmus+ partners, nominated by their home university: courses and clinical placements in UPCité's teaching hospitals.": "Un semestre ou une année universitaire complète pour les étudiants de nos partenaires Erasmus+, désignés par leur université d’origine : cours et stages cliniques dans les hôpitaux universitaires d’UPCité.",
    "Clinical placements of 1 to 3 months in the French or the English track, for year 4–6 students of partner universities, nominated by their home university. Clinical placements for students of non-partner universities and Erasmus traineeship requests are not accepted.": "Des stages cliniques de 1 à 3 mois, en parcours francophone ou anglophone, pour les étudiants de 4e à 6e année des universités partenaires, désignés par leur université d’origine. Les demandes de stage d’étudiants d’universités non partenaires et les demandes de stage Erasmus (traineeship) ne sont pas acceptées.",
    # Required documents
    "Transcript of records": "Relevé de notes",
    "Language certificate": "Certificat de langue",
    "Language certificate for your track": "Certificat de langue pour votre parcours",
    "Passport or identity card": "Passeport ou carte d’identité",
    "Global health elective or orientation certificate": "Attestation de l’option ou de l’orientation en santé mondiale",
    "Health and liability insurance": "Assurance maladie et responsabilité civile",
    "Curriculum vitae": "Curriculum vitae",
    "Letter of recommendation": "Lettre de recommandation",
    "Proof of personal funds": "Justificatif de ressources personnelles",
    "Immunization record": "Carnet de vaccination",
    "Learning agreement": "Contrat d’études (learning agreement)",
    "Your marks for every year so far.": "Vos notes de chaque année jusqu’à présent.",
    "From your home university, every year so far.": "Délivré par votre université d’origine, pour chaque année jusqu’à présent.",
    "B2 or higher in the language of teaching (English or the host country's language).": "Niveau B2 ou plus dans la langue d’enseignement (l’anglais ou la langue du pays d’accueil).",
    "French track: B2 in French (e.g. DELF B2 or Alliance Française exam). English track: B2 in English.": "Parcours francophone : B2 en français (par exemple DELF B2 ou examen de l’Alliance Française). Parcours anglophone : B2 en anglais.",
    "Valid for the whole stay.": "Valable pendant tout le séjour.",
    "The preclinical global-health elective or the orientation of the global health office.": "L’option préclinique de santé mondiale ou l’orientation du bureau de santé mondiale.",
    "Valid in France for the whole stay, including professional liability in hospital.": "Valable en France pendant tout le séjour, y compris la responsabilité civile professionnelle à l’hôpital.",
    "From a clinical teacher.": "D’un enseignant clinicien.",
    "Bank statement or grant letter, needed for the visa.": "Relevé bancaire ou attestation de bourse, nécessaire pour le visa.",
    "Hepatitis B, measles, tuberculosis test and the other vaccinations required in French hospitals.": "Hépatite B, rougeole, test de dépistage de la tuberculose et les autres vaccinations exigées dans les hôpitaux français.",
    "Signed by your home university; the IRO signs it after acceptance.": "Signé par votre université d’origine ; le bureau des relations internationales le signe après l’acceptation.",
    "For the visa and the carte de séjour.": "Pour le visa et la carte de séjour.",
    # Eligibility criteria
    "Enrolled at UPCité Medical School and in good standing": "Inscrit à la Faculté de médecine d’UPCité et en situation régulière",
    "Enrolled as a medical student, pursuing a medical degree": "Inscrit comme étudiant en médecine, en vue du diplôme de docteur en médecine",
    "Study year within the programme's range": "Année d’études comprise dans celles du programme",
    "In good standing at the home school": "En situation régulière dans l’université d’origine",
    "Language certificate for the language of teaching": "Certificat de langue pour la langue d’enseignement",
    "Placement approved by the host department": "Stage accepté par le service d’accueil",
    "Completed at least one year of in-hospital clinical training": "Au moins un an de formation clinique à l’hôpital accompli",
    "Completed the Global Health preclinical elective or the orientation of the Office of Global Health": "Option préclinique de santé mondiale ou orientation du bureau de santé mondiale suivie",
    "Passed the standardized language proficiency exam (the Alliance Française exam for French)": "Examen de langue standardisé réussi (l’examen de l’Alliance Française pour le français)",
    "Nominated by the school's academic office and the Program Directors assigned to the IMEP": "Désigné par la scolarité de la faculté et les directeurs de programme chargés de l’IMEP",
    "Documented personal funds for the visa and the residence permit (carte de séjour)": "Ressources personnelles justifiées pour le visa et le titre de séjour (carte de séjour)",
    # Summer schools
    "Students of medicine and health sciences, engineers and data scientists": "Étudiants en médecine et en sciences de la santé, ingénieurs et data scientists",
    "PhD students and researchers, all disciplines": "Doctorants et chercheurs, toutes disciplines",
    "English": "Anglais",
    "Faculty of Medicine\niLumens Simulation Center\nFrench Society of Radiology": "Faculté de médecine\nCentre de simulation iLumens\nSociété française de radiologie",
    "Faculty of Medicine": "Faculté de médecine",
    "AFGSU 2 life-support diploma (official BLS certification for healthcare professionals)": "Attestation AFGSU 2 (formation officielle aux gestes et soins d’urgence des professionnels de santé)",
    "Artificial Intelligence and Digital Innovation in Medicine": "Intelligence artificielle et innovation numérique en médecine",
    "Hands-on Training in Clinical Medicine and Emergencies": "Formation pratique en médecine clinique et en urgences",
    "Artificial Intelligence and Digital Innovation in Medicine (2027)": "Intelligence artificielle et innovation numérique en médecine (2027)",
    "Hands-on Training in Clinical Medicine and Emergencies (2027)": "Formation pratique en médecine clinique et en urgences (2027)",
    "Rethinking Global Health — Circle U. summer school": "Rethinking Global Health — école d’été de Circle U.",
    "Summer school 2026": "École d’été 2026",
    "Summer school 2027": "École d’été 2027",
    "Circle U. alliance summer school": "École d’été de l’alliance Circle U.",
    "A two-week programme, conducted entirely in English, on artificial intelligence and digital innovation in medicine: medical imaging and radiology with the French Society of Radiology, clinical decision support, data science on health data, and the ethics and regulation of AI in healthcare. Designed and supervised by an internationally renowned teaching team, it combines academic excellence, practical learning and French medical expertise.": "Un programme de deux semaines, entièrement en anglais, sur l’intelligence artificielle et l’innovation numérique en médecine : imagerie médicale et radiologie avec la Société française de radiologie, aide à la décision clinique, science des données de santé, éthique et régulation de l’IA en santé. Conçu et encadré par une équipe pédagogique de renommée internationale, il allie excellence académique, apprentissage pratique et expertise médicale française.",
    "A two-week programme, conducted entirely in English, of hands-on training in clinical medicine and emergencies: simulation sessions at the iLumens Simulation Center, clinical reasoning workshops at the Faculty of Medicine and emergency care. Participants also obtain the AFGSU 2 diploma, the official basic life support certification designed for healthcare professionals.": "Un programme de deux semaines, entièrement en anglais, de formation pratique en médecine clinique et en urgences : séances de simulation au centre iLumens, ateliers de raisonnement clinique à la Faculté de médecine et prise en charge des urgences. Les participants obtiennent aussi l’AFGSU 2, l’attestation officielle de formation aux gestes et soins d’urgence des professionnels de santé.",
    "Organised and coordinated by UPCité within the Circle U. alliance of nine European universities, the “Rethinking Global Health” summer school has taken place every July since 2022. Open to all disciplines and taught in English, it is free of charge for the member universities of the alliance.": "Organisée et coordonnée par UPCité au sein de l’alliance Circle U. de neuf universités européennes, l’école d’été « Rethinking Global Health » a lieu chaque mois de juillet depuis 2022. Ouverte à toutes les disciplines et enseignée en anglais, elle est gratuite pour les universités membres de l’alliance.",
    # Projects
    "A common curriculum in infectious diseases with case-based learning and real-life simulations, for undergraduate and postgraduate students, all in English.": "Un programme commun en maladies infectieuses, avec apprentissage par cas cliniques et simulations en conditions réelles, pour les étudiants de premier et de troisième cycle, entièrement en anglais.",
    "Integrates the ecological crisis into medical education with a European course on planetary health.": "Intègre la crise écologique à la formation médicale grâce à un enseignement européen de santé planétaire.",
    "Enhances international teaching collaboration in infectious diseases across 12 partner universities.": "Renforce la collaboration pédagogique internationale en maladies infectieuses entre 12 universités partenaires.",
    "The second IDEAL project, extending the shared curriculum and its interactive teaching.": "Le deuxième projet IDEAL, qui étend le programme commun et sa pédagogie interactive.",
    "The first IDEAL project: a common European curriculum in infectious diseases.": "Le premier projet IDEAL : un programme européen commun en maladies infectieuses.",
    "Infectious Diseases Education Advanced Level for better Preparedness": "Enseignement avancé des maladies infectieuses pour une meilleure préparation",
    "Planetary Health in European Medical Education": "La santé planétaire dans la formation médicale européenne",
    "Infectious Diseases Education Advanced Level — international teaching collaboration": "Enseignement avancé des maladies infectieuses — collaboration pédagogique internationale",
    "Infectious Diseases Education Advanced Level +": "Enseignement avancé des maladies infectieuses +",
    "Infectious Diseases Education Advanced Level": "Enseignement avancé des maladies infectieuses",
    "Erasmus+ Cooperation partnership (KA2)": "Partenariat de coopération Erasmus+ (KA2)",
    "IDEAL4PREPAREDNESS is the prolongation of the European projects IDEAL (2016-2019), IDEAL+ (2019-2022) and IDEALiTER (2022-2025). It establishes a common curriculum in infectious diseases and promotes innovative and interactive teaching methods.\n\nFocusing on interprofessional communication through the spectrum of infectious diseases, IDEAL4PREPAREDNESS (Infectious Diseases Education Advanced Level for better Preparedness) builds a solid shared expertise across a wide network of European institutions. It develops innovative teaching practices through case-based learning and real-life simulations, offering an immersive learning experience. The program is designed to include both undergraduate and postgraduate students, with all courses delivered in English.\n\nThe program offers advanced training sessions for students, an annual “Train the Trainers” seminar for young healthcare professionals and an annual summer school.": "IDEAL4PREPAREDNESS prolonge les projets européens IDEAL (2016-2019), IDEAL+ (2019-2022) et IDEALiTER (2022-2025). Il établit un programme commun en maladies infectieuses et promeut des méthodes pédagogiques innovantes et interactives.\n\nCentré sur la communication interprofessionnelle à travers l’ensemble des maladies infectieuses, IDEAL4PREPAREDNESS (Infectious Diseases Education Advanced Level for better Preparedness) construit une solide expertise partagée au sein d’un large réseau d’établissements européens. Il développe des pratiques pédagogiques innovantes fondées sur l’apprentissage par cas cliniques et les simulations en conditions réelles, pour une expérience d’apprentissage immersive. Le programme s’adresse aux étudiants de premier comme de troisième cycle ; tous les cours sont dispensés en anglais.\n\nIl propose des sessions de formation avancée pour les étudiants, un séminaire annuel « Train the Trainers » pour les jeunes professionnels de santé et une école d’été annuelle.",
    "PHEMED aims to integrate the ecological crisis into medical education. In collaboration with European partners (Berlin, Aarhus, Nicosia, Planetary Health Alliance), it is developing a course on planetary health to help students and teachers understand the link between human health and ecosystems. The goal: to train ambassadors of change towards a sustainable healthcare system, through a student-centered, collaborative, and innovative approach.\n\nThe project provides interdisciplinary resources and a comprehensive program for medical students and teachers. Activities include professional training, online learning with European partners, and summer schools. A digital platform will extend these initiatives and foster a community of future leaders in planetary health.": "PHEMED vise à intégrer la crise écologique dans la formation médicale. Avec ses partenaires européens (Berlin, Aarhus, Nicosie, Planetary Health Alliance), il développe un enseignement de santé planétaire pour aider étudiants et enseignants à comprendre le lien entre la santé humaine et les écosystèmes. Objectif : former des ambassadeurs du changement vers un système de santé durable, par une approche centrée sur l’étudiant, collaborative et innovante.\n\nLe projet fournit des ressources interdisciplinaires et un programme complet pour les étudiants en médecine et leurs enseignants. Les activités comprennent des formations professionnelles, un apprentissage en ligne avec les partenaires européens et des écoles d’été. Une plateforme numérique prolongera ces initiatives et fera naître une communauté de futurs leaders de la santé planétaire.",
    # Training sessions
    "young healthcare professionals": "jeunes professionnels de santé",
    "medical students and teachers": "étudiants en médecine et enseignants",
    "medical students": "étudiants en médecine",
    "undergraduate and postgraduate students": "étudiants de premier et de troisième cycle",
    "Train the Trainers seminar 2026": "Séminaire « Train the Trainers » 2026",
    "Planetary health online course": "Cours en ligne de santé planétaire",
    "Advanced session: outbreak preparedness": "Session avancée : préparation aux épidémies",
    "PHEMED summer school": "École d’été PHEMED",
    "IDEAL summer school 2027": "École d’été IDEAL 2027",
    "Paris, Faculty of Medicine": "Paris, Faculté de médecine",
    "Online, with the European partners": "En ligne, avec les partenaires européens",
    "Paris, iLumens Simulation Center": "Paris, centre de simulation iLumens",
    "Aarhus": "Aarhus",
    "Paris": "Paris",
    "The yearly seminar on interactive teaching of infectious diseases.": "Le séminaire annuel sur l’enseignement interactif des maladies infectieuses.",
    "Case-based learning and real-life simulations, in English.": "Apprentissage par cas cliniques et simulations en conditions réelles, en anglais.",
}


def add_french(instance, french=FRENCH) -> bool:
    """Give `instance` the French of each of its English texts found in `french`; True if it changed."""
    changed = []
    for field in translated_fields(type(instance)):
        english = getattr(instance, f"{field}_en", None)
        if english in french and getattr(instance, f"{field}_fr", None) != french[english]:
            setattr(instance, f"{field}_fr", french[english])
            changed.append(f"{field}_fr")
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)


def seed(stdout):
    count = 0
    for model in translator.get_registered_models(abstract=False):
        if model._meta.proxy:
            continue
        for instance in model._default_manager.all():
            count += add_french(instance)
    stdout.write(f"Demo content in French: {count} records translated.")
